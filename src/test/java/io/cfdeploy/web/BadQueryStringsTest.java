package io.cfdeploy.web;

import io.cfdeploy.support.ContractFuzzer;
import io.cfdeploy.web.FuzzWorld.World;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "No query string a client can craft yields a 500": every GET of openapi/openapi.yaml gets a battery of bad query
 * strings, some over a plain socket (malformed escapes no client library sends); {@link ContractFuzzer} judges
 * every answer.
 */
@QuarkusTest
class BadQueryStringsTest {

    @Test
    void badQueryStringsNeverYieldA500() {
        World w = FuzzWorld.world();
        ContractFuzzer fuzzer = new ContractFuzzer(getClass().getSimpleName(), w.token());
        List<String[]> reads = ContractFuzzer.operations(List.of("get"));
        for (String[] operation : reads) {
            String path = FuzzWorld.concretePath(w, "get", operation[1]);
            for (String query : ContractFuzzer.badQueries()) {
                fuzzer.sendGet(path + "?" + query);
            }
            for (String query : ContractFuzzer.RAW_QUERIES) {
                fuzzer.sendRawGet(path + "?" + query, false);
            }
            for (String query : ContractFuzzer.EDGE_REFUSED_QUERIES) {
                fuzzer.sendRawGet(path + "?" + query, true);
            }
        }
        fuzzer.runBatch();
        fuzzer.report("GET operations", reads.size());
    }
}
