package io.compozy.registry.transfer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * A project zip in the document as what it is, {@code application/zip} bytes (springdoc reads a
 * {@code byte[]} body as a base64 JSON string), so generated clients send and receive a file.
 */
@Component
class TransferApiDocs implements OpenApiCustomizer {
  private static final String ZIP = "application/zip";

  @Override
  public void customise(OpenAPI api) {
    PathItem in = api.getPaths() == null ? null : api.getPaths().get("/api/v0/admin/import");
    if (in != null && in.getPost() != null) {
      in.getPost()
          .setRequestBody(
              new RequestBody()
                  .required(true)
                  .description(
                      "the project as a zip: compozy.yaml at its root or in its one top folder (as"
                          + " GET /admin/export gives)")
                  .content(new Content().addMediaType(ZIP, new MediaType().schema(binary()))));
    }
    PathItem out = api.getPaths() == null ? null : api.getPaths().get("/api/v0/admin/export");
    if (out != null
        && out.getGet() != null
        && out.getGet().getResponses() != null
        && out.getGet().getResponses().get("200") != null) {
      out.getGet()
          .getResponses()
          .get("200")
          .content(new Content().addMediaType(ZIP, new MediaType().schema(binary())));
    }
  }

  private static Schema<Object> binary() {
    Schema<Object> s = new Schema<>();
    s.addType("string");
    s.setType("string");
    s.setFormat("binary");
    return s;
  }
}
