// The web page and the OpenAPI document, embedded in the binary
// (server/CMakeLists.txt): a fixed table of paths, so no URL reaches the file
// system.
#include <httplib.h>

#include <string_view>

#include "server/routes.h"

extern "C" const char naba_web_index_html[], naba_web_index_html_end[];
extern "C" const char naba_web_app_js[], naba_web_app_js_end[];
extern "C" const char naba_web_style_css[], naba_web_style_css_end[];
extern "C" const char naba_openapi_json[], naba_openapi_json_end[];

namespace naba::server {
namespace {

// EmbedFile.cmake ends each file with a NUL byte, not part of it.
std::string_view embedded(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin - 1)};
}

// Scripts and styles only from this server: an article's text that slipped
// into the page unescaped could still run nothing.
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

void serve_file(httplib::Server& http, const char* path, std::string_view body, const char* type) {
  http.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kPolicy);
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(body.data(), body.size(), type);
  });
}

}  // namespace

void add_page_routes(httplib::Server& http) {
  const auto page = embedded(naba_web_index_html, naba_web_index_html_end);
  serve_file(http, "/", page, "text/html; charset=utf-8");
  serve_file(http, "/alerts", page, "text/html; charset=utf-8");
  serve_file(http, "/app.js", embedded(naba_web_app_js, naba_web_app_js_end),
             "text/javascript; charset=utf-8");
  serve_file(http, "/style.css", embedded(naba_web_style_css, naba_web_style_css_end),
             "text/css; charset=utf-8");
  serve_file(http, "/api/openapi.json", embedded(naba_openapi_json, naba_openapi_json_end),
             "application/json");
}

}  // namespace naba::server
