(module
  ;; Bytes 0..1023 hold the gear table (256 x i32, little-endian); input follows.
  ;; The host grows the memory to fit its read buffer.
  (memory (export "memory") 1)
  ;; Gear-hashes memory[p, limitEnd) starting from h = 0 at p and returns the
  ;; address just past the first cut: (h & maskS) == 0 before normalEnd,
  ;; (h & maskL) == 0 from normalEnd on; -1 if there is none before limitEnd.
  ;; The loops are unrolled by eight: one bound check per eight bytes.
  (func (export "scan") (param $p i32) (param $normalEnd i32) (param $limitEnd i32) (param $maskS i32) (param $maskL i32) (result i32)
    (local $h i32)
    ;; Eight bytes per bound check while eight remain, then one at a time.
    (block $strict8Done
      (loop $strict8
        (br_if $strict8Done (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $normalEnd)))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=0 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 1)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 2)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 3)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=3 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 4)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=4 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 5)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=5 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 6)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=6 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 7)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=7 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskS))) (then (return (i32.add (local.get $p) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $strict8)))
    (block $strictDone
      (loop $strict
        (br_if $strictDone (i32.ge_u (local.get $p) (local.get $normalEnd)))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u (local.get $p)) (i32.const 2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $strict (i32.and (local.get $h) (local.get $maskS)))
        (return (local.get $p))))
    ;; Eight bytes per bound check while eight remain, then one at a time.
    (block $loose8Done
      (loop $loose8
        (br_if $loose8Done (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $limitEnd)))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=0 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 1)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 2)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=2 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 3)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=3 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 4)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=4 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 5)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=5 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 6)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=6 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 7)))))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u offset=7 (local.get $p)) (i32.const 2)))))
        (if (i32.eqz (i32.and (local.get $h) (local.get $maskL))) (then (return (i32.add (local.get $p) (i32.const 8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $loose8)))
    (block $looseDone
      (loop $loose
        (br_if $looseDone (i32.ge_u (local.get $p) (local.get $limitEnd)))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u (local.get $p)) (i32.const 2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $loose (i32.and (local.get $h) (local.get $maskL)))
        (return (local.get $p))))
    (i32.const -1))
)
