// What the history says about every write: when it was invoked and acknowledged, and, per key,
// the acknowledged writes in the order they were acknowledged. Stale reads and lost writes are
// judged against it. Written values are unique integers handed out in order from 1, so the
// registry indexes by value: 20 bytes per write, and nothing per read.

const NONE = -1;

export class WriteRegistry {
  private invokeUs = new Float64Array(1024);
  private ackUs = new Float64Array(1024).fill(NONE);
  private keyOf = new Int32Array(1024).fill(NONE);
  /** Per key: acknowledged values in acknowledgement order. */
  private ackedByKey = new Map<number, number[]>();

  invoked(value: number, keyIndex: number, atUs: number): void {
    this.ensure(value);
    this.invokeUs[value] = atUs;
    this.keyOf[value] = keyIndex;
  }

  acknowledged(value: number, atUs: number): void {
    this.ackUs[value] = atUs;
    const k = this.keyOf[value];
    let list = this.ackedByKey.get(k);
    if (list === undefined) this.ackedByKey.set(k, (list = []));
    list.push(value);
  }

  invokeOf(value: number): number {
    return value < this.invokeUs.length ? this.invokeUs[value] : NaN;
  }

  /** When the write of `value` was acknowledged, or -1 if it never was. */
  ackOf(value: number): number {
    return value < this.ackUs.length ? this.ackUs[value] : NONE;
  }

  keyIndexOf(value: number): number {
    return value < this.keyOf.length ? this.keyOf[value] : NONE;
  }

  /** Acknowledged values of a key, in acknowledgement order (ack times never decrease). */
  acked(keyIndex: number): readonly number[] {
    return this.ackedByKey.get(keyIndex) ?? [];
  }

  keysWithAckedWrites(): number[] {
    return [...this.ackedByKey.keys()].sort((a, b) => a - b);
  }

  private ensure(value: number): void {
    if (value < this.invokeUs.length) return;
    let n = this.invokeUs.length;
    while (n <= value) n *= 2;
    const inv = new Float64Array(n);
    inv.set(this.invokeUs);
    this.invokeUs = inv;
    const ack = new Float64Array(n).fill(NONE);
    ack.set(this.ackUs);
    this.ackUs = ack;
    const key = new Int32Array(n).fill(NONE);
    key.set(this.keyOf);
    this.keyOf = key;
  }
}
