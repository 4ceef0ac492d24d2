package io.cfdeploy.web;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.present.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link Urls} for a request and reads its query string for list messages. */
@ApplicationScoped
public class RequestUrls {
    private final Urls configured;

    RequestUrls(CfdeployConfig config) {
        this.configured = config.externalUrl().filter(url -> !url.isBlank()).map(Urls::new).orElse(null);
    }

    /** The configured external URL, else the request's (forwarded headers honoured by the HTTP layer). */
    public Urls of(UriInfo uriInfo) {
        if (configured != null) {
            return configured;
        }
        return new Urls(uriInfo.getBaseUri().toString());
    }

    /** Decoded query parameters in the order sent; a repeated key keeps its last value, as Rails does. */
    public static Map<String, String> queryParameters(UriInfo uriInfo) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : uriInfo.getQueryParameters(true).entrySet()) {
            List<String> values = entry.getValue();
            parameters.put(entry.getKey(), values.isEmpty() ? "" : values.get(values.size() - 1));
        }
        return parameters;
    }
}
