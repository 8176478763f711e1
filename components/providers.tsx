"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { type ReactNode, useState } from "react";
import superjson from "superjson";
import { TRPC_BATCH_MAX } from "@/lib/validation/limits";
import type { AppRouter } from "@/server/routers/_app";
import { TRPCProvider } from "./trpc/client";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            // Bad input, missing rights or a missing row will not fix themselves on retry.
            retry: (count, error) => {
              const status = (error as { data?: { httpStatus?: number } }).data?.httpStatus;
              return count < 2 && (status === undefined || status >= 500);
            },
          },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: TRPC_BATCH_MAX })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
