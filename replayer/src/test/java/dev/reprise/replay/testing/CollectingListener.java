package dev.reprise.replay.testing;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ExchangeResult;
import dev.reprise.replay.results.ResultListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps every result, for tests. */
public final class CollectingListener implements ResultListener {
    private final List<ExchangeResult> results = new ArrayList<>();

    @Override
    public synchronized void onResult(ExchangeResult result) {
        results.add(result);
    }

    public synchronized List<ExchangeResult> results() {
        return List.copyOf(results);
    }

    public synchronized Map<ErrorKind, Integer> byError() {
        Map<ErrorKind, Integer> out = new TreeMap<>();
        results.forEach(r -> out.merge(r.error(), 1, Integer::sum));
        return out;
    }
}
