package dev.reprise.replay.amplify;

import dev.reprise.format.RequestEvent;

/**
 * Writes a new tenant into a request where its journal's tenant rules read the tenant from
 * (a header, the host or the path), so the target sees the copy as another customer.
 */
@FunctionalInterface
public interface TenantRenaming {
    /** Leaves the request as it is: only the reported tenant changes. */
    TenantRenaming REPORT_ONLY = (journal, request, tenant) -> request;

    RequestEvent rename(int journal, RequestEvent request, String newTenant);

    /** The synthetic identity of copy {@code replica} (0 is the original): acme, acme~2, acme~3 … */
    static String copyTenant(String tenant, int replica) {
        return replica == 0 ? tenant : tenant + "~" + (replica + 1);
    }
}
