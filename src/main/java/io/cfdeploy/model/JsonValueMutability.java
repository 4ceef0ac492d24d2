package io.cfdeploy.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SharedSessionContract;
import org.hibernate.type.descriptor.java.MutabilityPlan;

/**
 * How Hibernate copies a JSON column's value (maps, lists, strings, numbers, booleans, null) for its snapshot: a plain
 * deep copy of the collections. Hibernate's default for JSON types serialises the value to text and parses it back
 * for every JSON column of every entity it loads and saves; the copy is equal (same keys, order and values), so dirty
 * checking ({@code equals}) behaves the same.
 */
@RegisterForReflection
public final class JsonValueMutability implements MutabilityPlan<Object> {
    @Override
    public boolean isMutable() {
        return true;
    }

    @Override
    public Object deepCopy(Object value) {
        return copy(value);
    }

    @Override
    public Serializable disassemble(Object value, SharedSessionContract session) {
        return (Serializable) copy(value);
    }

    @Override
    public Object assemble(Serializable cached, SharedSessionContract session) {
        return copy(cached);
    }

    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
            map.forEach((key, element) -> copy.put(key, copy(element)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return value; // String, Number, Boolean, null: immutable
    }
}
