/** Inputs for users: one schema for the first-admin form, the admin's form and the CLI. */
import { z } from "zod";

export const userRoles = ["admin", "engineer", "viewer"] as const;
export type UserRole = (typeof userRoles)[number];

export const roleLabels: Record<UserRole, string> = {
  admin: "Admin (users, rigs, everything)",
  engineer: "Engineer (projects, workflows)",
  viewer: "Viewer (read-only dashboards)",
};

export const PASSWORD_MIN = 10;

export const createUserSchema = z.object({
  email: z.string({ error: "Email is required" }).trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  name: z.string().trim().max(200, "Name must be at most 200 characters").default(""),
  password: z
    .string({ error: "Password is required" })
    .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
    .max(128, "Password must be at most 128 characters"),
  role: z.enum(userRoles, { error: `Role must be one of ${userRoles.join(", ")}` }),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const firstAdminSchema = createUserSchema.omit({ role: true });
export type FirstAdminInput = z.input<typeof firstAdminSchema>;

const passwordSchema = z
  .string({ error: "Password is required" })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(128, "Password must be at most 128 characters");

/** An admin's change to a user: the role, or whether the account may sign in. */
export const updateUserSchema = z
  .object({
    id: z.string().min(1, "User id is required").max(100),
    role: z.enum(userRoles, { error: `Role must be one of ${userRoles.join(", ")}` }).optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.active !== undefined, "Give a role or whether the user is active");

/** An admin sets a new password for someone who lost theirs (their sessions end). */
export const resetPasswordSchema = z.object({
  id: z.string().min(1, "User id is required").max(100),
  password: passwordSchema,
});

/** A signed-in user changes their own password (their other sessions end). */
export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(128),
    newPassword: passwordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "The new password must differ from the current one",
  });
