package io.cfdeploy.web;

import io.cfdeploy.api.RootApi;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.present.RootPresenter;
import io.cfdeploy.present.Urls;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

public class RootResource implements RootApi {
    private final RequestUrls urls;
    private final boolean builtInIssuer;
    private final Optional<String> externalLogin;
    private final String version;

    @Context
    UriInfo uriInfo;

    RootResource(RequestUrls urls, CfdeployConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.urls = urls;
        this.builtInIssuer = config.uaa().enabled();
        this.externalLogin = config.loginUrl().filter(url -> !url.isBlank());
        this.version = version;
    }

    @Override
    public Response getRoot() {
        Urls links = urls.of(uriInfo);
        String login = externalLogin.orElse(builtInIssuer ? links.base() : null);
        return Response.ok(RootPresenter.root(links, login)).build();
    }

    @Override
    public Response getV3Root() {
        return Response.ok(RootPresenter.v3(urls.of(uriInfo))).build();
    }

    @Override
    public Response getInfo() {
        return Response.ok(RootPresenter.info(urls.of(uriInfo), version)).build();
    }
}
