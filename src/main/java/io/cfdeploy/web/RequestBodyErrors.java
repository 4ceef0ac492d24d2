package io.cfdeploy.web;

import io.cfdeploy.error.CfError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body that cannot be read (a truncated or malformed multipart body, a connection cut mid-body) is the
 * client's fault, not a 500. For a droplet upload CAPI's words apply (its upload proxy marks such a form invalid):
 * 422 "Uploaded droplet file is invalid: Uploaded bits are not a valid droplet file".
 */
public class RequestBodyErrors {
    private static final Logger LOG = Logger.getLogger(RequestBodyErrors.class);
    private static final Pattern DROPLET_UPLOAD = Pattern.compile("^/v3/droplets/[^/]+/upload/?$");

    @ServerExceptionMapper
    public Response unreadableBody(IOException exception, UriInfo uriInfo) {
        LOG.debugf("unreadable request body: %s", exception.getMessage());
        if (DROPLET_UPLOAD.matcher(uriInfo.getPath()).matches()) {
            return ErrorMappers.envelope(CfError.UNPROCESSABLE_ENTITY,
                    "Uploaded droplet file is invalid: Uploaded bits are not a valid droplet file");
        }
        return ErrorMappers.envelope(CfError.INVALID_REQUEST, CfError.INVALID_REQUEST.detail());
    }
}
