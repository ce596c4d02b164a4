/** Where the first start writes the admin's key, under the data directory. */
export const ADMIN_KEY_FILE = 'admin.key';
