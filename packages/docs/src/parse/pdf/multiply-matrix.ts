/** A PDF transformation matrix `[a, b, c, d, e, f]`. */
export type Matrix = [number, number, number, number, number, number];

/**
 * @internal The product `m1 × m2` of two PDF transformation matrices (PDF 32000-1 §8.3.4), missing entries read as the
 * identity's: the one product both the text pass and the ruling pass need.
 */
export function multiplyMatrix(m1: readonly number[], m2: readonly number[]): Matrix {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}
