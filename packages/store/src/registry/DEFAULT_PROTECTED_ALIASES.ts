/** What serves in production is protected unless a registered model says otherwise. */
export const DEFAULT_PROTECTED_ALIASES: readonly string[] = ['production'];
