package io.aegisops.dynamodb.internal.expr;

import io.aegisops.dynamodb.internal.value.Value;
import java.util.Set;

/** The type descriptors {@code attribute_type} accepts. */
final class AttributeTypes {

    private static final Set<String> VALID = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private AttributeTypes() {
    }

    static void require(Value type, Expressions.Kind kind) {
        if (!(type instanceof Value.S s) || !VALID.contains(s.value())) {
            String given = type instanceof Value.S s ? s.value() : type.type();
            throw Expressions.invalid(kind, "Invalid attribute type name found; type: " + given
                    + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
    }
}
