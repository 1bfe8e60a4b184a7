import { describe, expect, it } from 'vitest';
import { parseUntrustedJson } from '../../electron/exchange/safe-json.js';

describe('a JSON refusal', () => {
  it('names the place, never the text of the file', () => {
    const secret = 'root:$6$hash-of-a-password';
    let message = '';
    try {
      parseUntrustedJson(Buffer.from(`{"a": ${secret}}`), 'tags.json', 32);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/tags\.json is not valid JSON/);
    expect(message).not.toContain('root');
    expect(message).not.toContain('hash');
  });
});
