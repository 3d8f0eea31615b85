package dev.reprise.replay.amplify;

import dev.reprise.format.RequestEvent;

/**
 * Writes a new tenant into a request where its journal's tenant rules read the tenant from
 * (a header, the host or the path), so the target sees the copy as another customer.
 */
@FunctionalInterface
public interface TenantRenaming {
    /** Leaves the request as it is: only the reported tenant changes. */
    TenantRenaming REPORT_ONLY = new TenantRenaming() {
        @Override
        public RequestEvent rename(int journal, RequestEvent request, String newTenant) {
            return request;
        }

        @Override
        public boolean rewritesRequests(int journal) {
            return false;
        }
    };

    RequestEvent rename(int journal, RequestEvent request, String newTenant);

    /**
     * Whether {@link #rename} can change what goes on the wire for a request of this journal.
     * When it cannot, a copy is sent from the original's stored bytes, without decoding them:
     * the tenant a request event carries is not sent, only reported, and the plan reports the
     * copy's tenant on its own.
     */
    default boolean rewritesRequests(int journal) {
        return true;
    }

    /** The synthetic identity of copy {@code replica} (0 is the original): acme, acme~2, acme~3 … */
    static String copyTenant(String tenant, int replica) {
        return replica == 0 ? tenant : tenant + "~" + (replica + 1);
    }
}
