// No Zod here: the web app's food diary checks a typed or scanned barcode with these without loading the
// schemas.

/**
 * The GS1 check digit of the digits before it (GS1 General Specifications §7.9: weights 3 and 1 alternating
 * from the right, the digit that brings the sum to a multiple of 10).
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += d * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a string of digits ends in the GS1 check digit of the others. */
export const hasGs1CheckDigit = (code: string) => gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
