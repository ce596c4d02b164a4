(module
  ;; Bytes 0..1023 hold the gear table (256 x i32, little-endian); input follows.
  ;; The host grows the memory to fit its read buffer.
  (memory (export "memory") 1)
  ;; Gear-hashes memory[p, limitEnd) starting from h = 0 at p and returns the
  ;; address just past the first cut: (h & maskS) == 0 before normalEnd,
  ;; (h & maskL) == 0 from normalEnd on; -1 if there is none before limitEnd.
  (func (export "scan") (param $p i32) (param $normalEnd i32) (param $limitEnd i32) (param $maskS i32) (param $maskL i32) (result i32)
    (local $h i32)
    (block $strictDone
      (loop $strict
        (br_if $strictDone (i32.ge_u (local.get $p) (local.get $normalEnd)))
        (local.set $h (i32.add (i32.shl (local.get $h) (i32.const 1))
                               (i32.load (i32.shl (i32.load8_u (local.get $p)) (i32.const 2)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $strict (i32.and (local.get $h) (local.get $maskS)))
        (return (local.get $p))))
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
