/**
 * Masking of personal values for callers whose task does not need them in full. A masked value
 * still lets a caller tell two citizens apart on the phone or at the counter ("the one ending
 * 0000"), which is what the roles without a need for the full value use it for.
 */

/** `13800000000` → `138****0000`; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.length >= 8) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

/** `张三` → `张*`, `李四独特名` → `李****`: the family name stays, the rest does not. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
