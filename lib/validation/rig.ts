/** Inputs of rigs: one schema for the form, the tRPC procedure and the REST route. */
import { z } from "zod";

export const createRigSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the rig a name")
    .max(80, "Rig name at most 80 characters")
    .regex(/^[\p{L}\p{N} ._-]+$/u, "Use letters, digits, spaces, dots, dashes and underscores"),
});
export type CreateRigInput = z.input<typeof createRigSchema>;

export const rigIdSchema = z.object({ id: z.uuid("Rig id must be a UUID") });
