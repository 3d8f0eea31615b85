package dev.reprise.replay.amplify;

import dev.reprise.format.RepriseException;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.tenant.TenantRules;

import java.util.ArrayList;
import java.util.List;

/**
 * Renames tenants with the tenant rules each journal was captured with, so a copy's requests
 * carry the new tenant where the original's was read from (a header, the host, the path, a query
 * parameter). A request no rule placed (no rules at capture, or the tenant was unknown) has
 * nowhere to carry it: only its tenant field and the tenant reported change.
 */
final class JournalTenantRenaming implements TenantRenaming {
    private final List<TenantRules> rulesByJournal;

    private JournalTenantRenaming(List<TenantRules> rulesByJournal) {
        this.rulesByJournal = rulesByJournal;
    }

    /** @throws RepriseException naming the journal whose header holds rules this build cannot read */
    static TenantRenaming of(List<JournalHeader> headers) {
        List<TenantRules> rules = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            try {
                rules.add(TenantRules.parse(headers.get(i).settings().tenantRules()));
            } catch (IllegalArgumentException e) {
                throw new RepriseException("--copy-tenants: journal " + (i + 1) + " of " + headers.size()
                        + " has a tenant rule that cannot be read: " + e.getMessage());
            }
        }
        return new JournalTenantRenaming(List.copyOf(rules));
    }

    @Override
    public boolean rewritesRequests(int journal) {
        return journal < 0 || journal >= rulesByJournal.size() || rulesByJournal.get(journal) != TenantRules.NONE;
    }

    @Override
    public RequestEvent rename(int journal, RequestEvent request, String newTenant) {
        TenantRules rules = journal >= 0 && journal < rulesByJournal.size() ? rulesByJournal.get(journal) : TenantRules.NONE;
        RequestEvent rewritten = rules.rewrite(request, newTenant);
        if (rewritten != request) {
            return rewritten;
        }
        return new RequestEvent(request.connectionId(), request.sequence(), request.firstByteNanos(), request.lastByteNanos(),
                request.method(), request.target(), request.httpVersion(), request.headers(), request.body(), newTenant);
    }
}
