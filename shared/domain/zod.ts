// zod/mini ships without messages to stay small; English ones make validation errors readable.
import * as z from 'zod/mini';

z.config(z.locales.en());

export { z };
