package io.cfdeploy.blobstore;

import java.io.IOException;

/** The input was longer than the caller allowed; nothing was stored. */
public class BlobTooLargeException extends IOException {
    public BlobTooLargeException(long maxBytes) {
        super("blob larger than " + maxBytes + " bytes");
    }
}
