/** An ARCA_ADMIN_KEY shorter than this is refused: the admin key must be as hard to guess as a generated one (43+ characters). */
export const ADMIN_KEY_MIN_LENGTH = 32;
