package io.cfdeploy.message;

import io.cfdeploy.error.CfException;
import java.util.ArrayList;
import java.util.List;

/**
 * The form of POST /v3/droplets/:guid/upload (CAPI's DropletUploadMessage, checked before the droplet is looked
 * up): a file part {@code bits} whose name ends in {@code .tgz} or {@code .tar.gz} and which is not empty. Every
 * failure is one 422 "Uploaded droplet file is invalid: …" with the messages joined.
 *
 * @param fileName the uploaded file's name
 * @param size     its size in bytes
 */
public record DropletUploadMessage(String fileName, long size) {

    /**
     * @param present  whether the request carried a file part named {@code bits}
     * @param fileName the part's file name (null when it had none)
     * @param size     the part's size in bytes
     */
    public static DropletUploadMessage validate(boolean present, String fileName, long size) {
        List<String> messages = new ArrayList<>();
        if (!present || fileName == null) {
            messages.add("A droplet tgz file must be uploaded as 'bits'");
        } else {
            if (!(fileName.endsWith(".tgz") || fileName.endsWith(".tar.gz"))) {
                messages.add(fileName + " is not a tgz");
            }
            if (size <= 0) {
                messages.add(fileName + " cannot be empty");
            }
        }
        if (!messages.isEmpty()) {
            throw CfException.unprocessable("Uploaded droplet file is invalid: " + String.join(", ", messages));
        }
        return new DropletUploadMessage(fileName, size);
    }
}
