package dev.reprise.replay.amplify;

import dev.reprise.format.JournalHeader;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.cli.Cli;

import java.util.List;

/**
 * Renames tenants with the tenant rules each journal was captured with, so a copy's requests
 * carry the new tenant where the original's was read from. A journal captured without tenant
 * rules has nothing to rewrite: its copies change only the tenant reported.
 */
final class JournalTenantRenaming implements TenantRenaming {
    private JournalTenantRenaming() {
    }

    static TenantRenaming of(List<JournalHeader> headers) {
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.get(i).settings().tenantRules().isEmpty()) {
                throw new Cli.UserError("--copy-tenants: journal " + i + " has tenant rules, which this build cannot rewrite yet");
            }
        }
        return new JournalTenantRenaming();
    }

    @Override
    public RequestEvent rename(int journal, RequestEvent request, String newTenant) {
        return new RequestEvent(request.connectionId(), request.sequence(), request.firstByteNanos(), request.lastByteNanos(),
                request.method(), request.target(), request.httpVersion(), request.headers(), request.body(), newTenant);
    }
}
