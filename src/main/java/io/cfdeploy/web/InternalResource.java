package io.cfdeploy.web;

import io.cfdeploy.api.InternalApi;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.blobstore.DropletUrls;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.DropletFetcher;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * The kubernetes runtime's droplet download (runtimes.md §3.2): an instance pod's init container fetches the bits
 * with a URL the server signed; no token. A wrong or missing signature is 403 before anything is looked up, so the
 * endpoint tells a stranger nothing about which droplets exist.
 */
public class InternalResource implements InternalApi {
    private final DropletUrls urls;
    private final DropletFetcher droplets;
    private final Blobstore blobstore;

    InternalResource(DropletUrls urls, DropletFetcher droplets, Blobstore blobstore) {
        this.urls = urls;
        this.droplets = droplets;
        this.blobstore = blobstore;
    }

    @Override
    @Transactional
    public Response fetchSignedDroplet(String guid, String sha256, String sig) {
        if (!urls.verify(guid, sha256, sig)) {
            throw CfException.notAuthorized();
        }
        String key = droplets.stagedBlobKey(guid, sha256);
        Blobstore.Blob blob = key == null ? null : blobstore.get(key).orElse(null);
        if (blob == null) {
            throw CfException.notFound("Droplet");
        }
        StreamingOutput body = output -> {
            try (InputStream input = blob.open()) {
                input.transferTo(output);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, blob.size()).build();
    }
}
