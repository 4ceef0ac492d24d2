package io.cfdeploy.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/**
 * The parts of the current multipart request as the REST layer parsed them: file parts are already on disk (in
 * {@code quarkus.http.body.uploads-directory}, removed when the request ends), so their name and size are known
 * without reading them.
 */
final class UploadForm {
    private UploadForm() {
    }

    /** The first part with this name, or null. */
    static FormValue part(String name) {
        FormData form = CurrentRequestManager.get().getFormData();
        return form == null ? null : form.getFirst(name);
    }

    /** The size of a file part; 0 for a missing or non-file part. */
    static long size(FormValue part) {
        if (part == null || !part.isFileItem()) {
            return 0;
        }
        try {
            return part.getFileItem().getFileSize();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
