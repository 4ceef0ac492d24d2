package io.cfdeploy.security;

import io.cfdeploy.error.CfError;
import jakarta.enterprise.context.RequestScoped;

/** Holds the verified caller of the current request; set by the authentication filter. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; a request that reached a protected resource without one is unauthenticated. */
    public Caller get() {
        if (caller == null) {
            throw CfError.NOT_AUTHENTICATED.exception();
        }
        return caller;
    }
}
