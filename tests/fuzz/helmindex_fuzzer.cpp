// libFuzzer target for chart repository indexes (HelmChartIndex), which come from servers that may
// be wrong or hostile. Any input may be refused; none may crash or hang, an error names the index
// and says what is wrong, and an index read serialises for the cache and reads back equal.

#include "helmchartindex.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char* what, const QByteArray& input) {
    std::fprintf(stderr, "helmindex_fuzzer invariant broken: %s\n--- input ---\n%s\n", what,
                 input.constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QString source = QStringLiteral("https://charts.example.com/index.yaml");
    const auto index = fd::core::HelmChartIndex::parse(input, source);
    if (!index) {
        if (index.error().message.isEmpty() || !index.error().location.startsWith(source))
            fail("an error without a message or without the index's URL", input);
        return 0;
    }
    for (const QString& chart : index->charts()) {
        for (const fd::core::HelmChartVersion& version : index->versions(chart)) {
            if (version.version.isEmpty())
                fail("a version without a version string was kept", input);
        }
    }
    const auto back = fd::core::HelmChartIndex::deserialize(index->serialize(), source);
    if (!back || !(*back == *index))
        fail("the serialised index does not read back equal", input);
    return 0;
}
