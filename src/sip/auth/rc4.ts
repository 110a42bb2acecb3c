/** RC4, written by hand because Node 20's OpenSSL 3 refuses the `rc4` cipher (legacy provider only). */

/** A keyed RC4 stream; successive update() calls continue the same key stream (needed for NTLM seal-then-sign). */
export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Buffer) {
    if (key.length === 0) throw new RangeError('RC4 key must not be empty');
    for (let n = 0; n < 256; n++) this.s[n] = n;
    let j = 0;
    for (let n = 0; n < 256; n++) {
      j = (j + (this.s[n] as number) + (key[n % key.length] as number)) & 0xff;
      this.swap(n, j);
    }
  }

  update(data: Buffer): Buffer {
    const out = Buffer.alloc(data.length);
    for (let n = 0; n < data.length; n++) {
      this.i = (this.i + 1) & 0xff;
      this.j = (this.j + (this.s[this.i] as number)) & 0xff;
      this.swap(this.i, this.j);
      const k = this.s[((this.s[this.i] as number) + (this.s[this.j] as number)) & 0xff] as number;
      out[n] = (data[n] as number) ^ k;
    }
    return out;
  }

  private swap(a: number, b: number): void {
    const t = this.s[a] as number;
    this.s[a] = this.s[b] as number;
    this.s[b] = t;
  }
}

/** One-shot RC4K(key, data) as MS-NLMP writes it. */
export function rc4(key: Buffer, data: Buffer): Buffer {
  return new Rc4(key).update(data);
}
