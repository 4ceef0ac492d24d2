package io.cfdeploy.message;

import java.time.Instant;
import java.util.List;

/**
 * A {@code created_ats}/{@code updated_ats} filter. Timestamps have whole-second resolution on the wire, so
 * equality means "within that second": {@code [T, T+1s)}. Relational forms AND together.
 */
public record TimestampFilter(String column, List<Instant> equalTo, List<Bound> bounds) {

    public enum Operator {
        LT, LTE, GT, GTE
    }

    public record Bound(Operator operator, Instant at) {
        /** The inclusive lower or exclusive upper instant this bound compares against. */
        public Instant lowerInclusive() {
            return operator == Operator.GT ? at.plusSeconds(1) : at;
        }

        public Instant upperExclusive() {
            return operator == Operator.LTE ? at.plusSeconds(1) : at;
        }

        public boolean isLower() {
            return operator == Operator.GT || operator == Operator.GTE;
        }
    }
}
