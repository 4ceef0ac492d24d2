package io.cfdeploy.web;

import io.cfdeploy.error.CfError;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/** Requests no route serves (outside the REST layer too) get CAPI's 404 "Unknown request" envelope. */
public class UnknownRoutes {
    void register(@Observes Router router) {
        router.route().last().handler(context -> context.response().setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(ErrorMappers.body(CfError.NOT_FOUND, CfError.NOT_FOUND.detail()).toString()));
    }
}
