package io.aegisops.dynamodb.internal.table;

import io.aegisops.dynamodb.internal.value.Value;
import io.aegisops.dynamodb.internal.value.Values;
import java.nio.charset.StandardCharsets;

/**
 * A position in a table or an index: partitions ordered by a hash of their key (as DynamoDB scans them), items
 * within a partition by sort key. {@code bound} places a search bound just before (-1) or after (+1) the sort key it
 * names (or the whole partition where {@code range} is null); {@code item} tells apart index entries whose index
 * keys are equal by their table key.
 */
public record Key(long token, Value hash, Value range, int bound, Key item) implements Comparable<Key> {

    public static Key of(Value hash, Value range) {
        return new Key(token(hash), hash, range, 0, null);
    }

    public static Key indexEntry(Value hash, Value range, Key item) {
        return new Key(token(hash), hash, range, 0, item);
    }

    public static Key partitionStart(Value hash) {
        return new Key(token(hash), hash, null, -1, null);
    }

    public static Key partitionEnd(Value hash) {
        return new Key(token(hash), hash, null, 1, null);
    }

    /** Just before (-1) or just after (+1) every entry of the partition whose sort key is {@code range}. */
    public static Key around(Value hash, Value range, int bound) {
        return new Key(token(hash), hash, range, bound, null);
    }

    @Override
    public int compareTo(Key other) {
        int c = Long.compare(token, other.token);
        if (c != 0) {
            return c;
        }
        c = compareValues(hash, other.hash);
        if (c != 0) {
            return c;
        }
        if (range != null && other.range != null) {
            c = compareValues(range, other.range);
            if (c != 0) {
                return c;
            }
        } else if (range == null && other.range != null) {
            return bound != 0 ? bound : -1;
        } else if (range != null) {
            return other.bound != 0 ? -other.bound : 1;
        }
        c = Integer.compare(bound, other.bound);
        if (c != 0) {
            return c;
        }
        if (item == null || other.item == null) {
            return item == null ? (other.item == null ? 0 : -1) : 1;
        }
        return item.compareTo(other.item);
    }

    private static int compareValues(Value a, Value b) {
        if (a.getClass() != b.getClass()) {
            return a.type().compareTo(b.type());
        }
        return Values.compareKeys(a, b);
    }

    /** A stable 64-bit hash of a partition key value, so scans visit partitions in the same order every run. */
    public static long token(Value hash) {
        byte[] bytes = switch (hash) {
            case Value.S s -> ("S" + s.value()).getBytes(StandardCharsets.UTF_8);
            case Value.N n -> ("N" + n.value().toPlainString()).getBytes(StandardCharsets.UTF_8);
            case Value.B b -> ("B" + b.value().base64()).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("not a key type: " + hash.type());
        };
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** Which of {@code total} parallel-scan segments this key's partition belongs to: contiguous hash ranges. */
    public int segment(int total) {
        return (int) Math.unsignedMultiplyHigh(token ^ Long.MIN_VALUE, total);
    }
}
