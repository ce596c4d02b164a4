import { InterruptedError } from '@arca/store/pure';
import type { Writable } from '../CommandContext.js';
import { readAllText } from './readAllText.js';

/** A terminal's input stream, as far as reading a line without echo needs it. */
interface TerminalInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * A secret from `input`. Piped in (`arca login < admin.key`), it is all of the
 * input. At a terminal, it is one line typed after `prompt`, not echoed: without
 * a prompt the command looked hung until Ctrl-D, and an echoed key stays on the
 * screen and in the scrollback.
 */
export function readSecret(input: AsyncIterable<string | Uint8Array>, prompt: string, out: Writable): Promise<string> {
  const terminal = input as unknown as TerminalInput;
  if (terminal.isTTY === true && typeof terminal.setRawMode === 'function') return readHiddenLine(terminal, prompt, out);
  return readAllText(input);
}

/** Enter (or Ctrl-D) ends the line, Backspace takes back a character, Ctrl-C interrupts. */
function readHiddenLine(input: TerminalInput, prompt: string, out: Writable): Promise<string> {
  out.write(prompt);
  input.setRawMode!(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      out.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\x04') return finish();
        if (ch === '\x03') return finish(new InterruptedError('login', 'run `arca login` again'));
        if (ch === '\x7f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    input.on('data', onData);
  });
}
