package io.cfdeploy.web;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.present.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    /**
     * Decoded query parameters in the order sent (Rails keeps that order, and the "Unknown query parameter(s)"
     * message lists them so); a repeated key keeps its last value, as Rails does; a key sent without {@code =} has
     * a null value. A malformed %-escape is a 400 "The request is invalid".
     */
    public static Map<String, String> queryParameters(UriInfo uriInfo) {
        return queryParameters(uriInfo.getRequestUri().getRawQuery());
    }

    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? null : decode(pair.substring(equals + 1));
            parameters.put(key, value); // keeps the first position, as a Ruby hash does
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw CfError.INVALID_REQUEST.exception();
        }
    }
}
