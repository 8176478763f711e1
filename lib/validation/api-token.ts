/** Inputs of API tokens: one schema for the settings page, the procedures and the CLI. */
import { z } from "zod";
import { userRoles } from "./user";

export const createApiTokenSchema = z.object({
  name: z.string({ error: "Name the token" }).trim().min(1, "Name the token").max(100, "Name at most 100 characters"),
  /** Limit the token below its user's role (e.g. a read-only token for a dashboard script). */
  role: z.enum(userRoles, { error: `Role must be one of ${userRoles.join(", ")}` }).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const apiTokenIdSchema = z.object({ id: z.uuid("Token id must be a UUID") });
