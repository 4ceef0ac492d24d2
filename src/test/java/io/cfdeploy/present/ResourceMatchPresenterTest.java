package io.cfdeploy.present;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.message.ResourceMatchCreateMessage.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape the cf CLI reads back: CAPI's keys, and a mode it can parse as octal even when none was sent. */
class ResourceMatchPresenterTest {
    @Test
    void echoesEachMatchedResourceInCapisShape() {
        String sha1 = "b".repeat(40);
        assertEquals("{\"resources\":[{\"checksum\":{\"value\":\"" + sha1 + "\"},\"size_in_bytes\":12,\"path\":"
                + "\"app.rb\",\"mode\":\"755\"},{\"checksum\":{\"value\":\"" + sha1 + "\"},\"size_in_bytes\":0,"
                + "\"path\":\"a\",\"mode\":\"644\"}]}",
                ResourceMatchPresenter.present(List.of(new Resource(sha1, 12, "app.rb", "755"),
                        new Resource(sha1, 0, "a", null))).toString());
        assertEquals("{\"resources\":[]}", ResourceMatchPresenter.present(List.of()).toString());
    }
}
