package io.cfdeploy.message;

import io.cfdeploy.error.CfException;
import java.util.function.Supplier;

/**
 * A request body read into its message by the resource; a refusal (422, 400) is raised only when the action asks
 * for the message, at the point where CAPI validates the body — after the access checks CAPI makes first, so a
 * caller who may not see a resource never learns what was wrong with the body (docs/adr/0003).
 */
public final class Parsed<M> {
    private final M message;
    private final CfException invalid;

    private Parsed(M message, CfException invalid) {
        this.message = message;
        this.invalid = invalid;
    }

    public static <M> Parsed<M> of(Supplier<M> parse) {
        try {
            return new Parsed<>(parse.get(), null);
        } catch (CfException invalid) {
            return new Parsed<>(null, invalid);
        }
    }

    /** The message, or the body's refusal. */
    public M message() {
        if (invalid != null) {
            throw invalid;
        }
        return message;
    }
}
