"use client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/routers/_app";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** What each procedure returns, as the browser receives it (dates stay dates through superjson). */
export type RouterOutputs = import("@trpc/server").inferRouterOutputs<AppRouter>;
