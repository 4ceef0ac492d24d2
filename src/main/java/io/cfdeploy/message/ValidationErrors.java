package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.util.ArrayList;
import java.util.List;

/** Collects full validation messages in CAPI's order; all of them are joined into one error detail. */
public final class ValidationErrors {
    private final List<String> messages = new ArrayList<>();

    public void add(String fullMessage) {
        messages.add(fullMessage);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** 422 CF-UnprocessableEntity with every message joined by ", ". */
    public void throwIfAnyUnprocessable() {
        throwIfAny(CfError.UNPROCESSABLE_ENTITY);
    }

    /** 400 CF-BadQueryParameter "The query parameter is invalid: …". */
    public void throwIfAnyBadQuery() {
        throwIfAny(CfError.BAD_QUERY_PARAMETER);
    }

    public void throwIfAny(CfError error) {
        if (!messages.isEmpty()) {
            throw new CfException(error, error.detail(String.join(", ", messages)));
        }
    }
}
