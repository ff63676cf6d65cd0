package io.aegisops.dynamodb.internal.value;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value. Instances are immutable: items are shared between the table, its indexes
 * and readers without copying.
 */
public sealed interface Value
        permits Value.S, Value.N, Value.B, Value.Bool, Value.Null, Value.SS, Value.NS, Value.BS, Value.L, Value.M {

    /** The type descriptor as DynamoDB spells it: S, N, B, BOOL, NULL, SS, NS, BS, L, M. */
    String type();

    record S(String value) implements Value {
        @Override
        public String type() {
            return "S";
        }
    }

    /** A number, normalised (no trailing zeros, no negative zero), so equal numbers are equal records. */
    record N(BigDecimal value) implements Value {
        @Override
        public String type() {
            return "N";
        }
    }

    record B(Bytes value) implements Value {
        @Override
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements Value {
        @Override
        public String type() {
            return "NULL";
        }
    }

    /** Sets keep their members in insertion order (for stable output); equality is set equality. */
    record SS(Set<String> values) implements Value {
        @Override
        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> values) implements Value {
        @Override
        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> values) implements Value {
        @Override
        public String type() {
            return "BS";
        }
    }

    record L(List<Value> values) implements Value {
        @Override
        public String type() {
            return "L";
        }
    }

    record M(Map<String, Value> values) implements Value {
        @Override
        public String type() {
            return "M";
        }
    }
}
