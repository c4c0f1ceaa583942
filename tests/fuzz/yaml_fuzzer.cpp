// libFuzzer target for the format-preserving YAML editor.
//
// Input format (so that seeds stay readable):
//   line 1: an operation letter, then its argument
//             s<key path>   setScalar(key path, value)
//             t<image>      setKustomizeImageField(image, NewTag, value)
//             n<image>      ... NewName
//             d<image>      ... Digest
//   line 2: the value ("\n" written as backslash-n becomes a line break)
//   rest:   the YAML document
// Any edit may be refused; an edit that succeeds must re-parse, read back as the value, and (for
// setScalar) leave every byte outside the scalar's span as it was. A refused edit must leave the
// document unchanged.

#include "yamldocument.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using fd::core::KustomizeField;
using fd::core::YamlDocument;

namespace {

[[noreturn]] void fail(const char* what, const QByteArray& before, const QByteArray& after) {
    std::fprintf(stderr,
                 "yaml_fuzzer invariant broken: %s\n--- before ---\n%s\n--- after ---\n%s\n", what,
                 before.constData(), after.constData());
    std::abort();
}

void check(bool condition, const char* what, const QByteArray& before, const QByteArray& after) {
    if (!condition)
        fail(what, before, after);
}

QByteArray takeLine(QByteArray& input) {
    const qsizetype newline = input.indexOf('\n');
    const QByteArray line = newline < 0 ? input : input.left(newline);
    input = newline < 0 ? QByteArray() : input.mid(newline + 1);
    return line;
}

void fuzzSetScalar(YamlDocument document, const QString& keyPath, const QString& value) {
    const QByteArray before = document.bytes();
    (void)document.scalar(keyPath);
    const auto span = document.scalarSpan(keyPath);
    const auto result = document.setScalar(keyPath, value);
    const QByteArray& after = document.bytes();
    if (!result) {
        check(after == before, "a refused setScalar changed the bytes", before, after);
        return;
    }
    check(span.has_value(), "setScalar succeeded where scalarSpan failed", before, after);
    const qsizetype suffix = before.size() - span->end;
    check(span->begin >= 0 && span->begin <= span->end && span->end <= before.size(),
          "scalarSpan out of range", before, after);
    check(after.left(span->begin) == before.left(span->begin), "bytes before the scalar changed",
          before, after);
    check(after.size() - suffix >= span->begin && after.right(suffix) == before.right(suffix),
          "bytes after the scalar changed", before, after);

    const auto reparsed = YamlDocument::parse(after, QStringLiteral("fuzz.yaml"));
    check(reparsed.has_value(), "the edited document does not parse", before, after);
    const auto readBack = reparsed->scalar(keyPath);
    check(readBack.has_value() && *readBack == value, "the value does not read back", before,
          after);
}

void fuzzKustomize(YamlDocument document, const QString& image, KustomizeField field,
                   const QString& value) {
    const QByteArray before = document.bytes();
    (void)document.kustomizeImageField(image, field);
    const auto result = document.setKustomizeImageField(image, field, value);
    const QByteArray& after = document.bytes();
    if (!result) {
        check(after == before, "a refused Kustomize edit changed the bytes", before, after);
        return;
    }
    const auto reparsed = YamlDocument::parse(after, QStringLiteral("fuzz.yaml"));
    check(reparsed.has_value(), "the edited kustomization does not parse", before, after);
    const auto readBack = reparsed->kustomizeImageField(image, field);
    check(readBack.has_value() && readBack->has_value() && **readBack == value,
          "the Kustomize field does not read back", before, after);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    QByteArray input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QByteArray header = takeLine(input);
    QByteArray value = takeLine(input);
    value.replace("\\n", "\n");
    if (header.isEmpty())
        return 0;

    const auto document = YamlDocument::parse(input, QStringLiteral("fuzz.yaml"));
    if (!document) {
        // Every refusal names its file, and a line and column when it has one.
        if (!document.error().location.startsWith(QStringLiteral("fuzz.yaml")))
            fail("parse error without the file name", input, {});
        return 0;
    }
    const QString argument = QString::fromUtf8(header.mid(1));
    const QString text = QString::fromUtf8(value);
    switch (header[0]) {
    case 't':
        fuzzKustomize(*document, argument, KustomizeField::NewTag, text);
        break;
    case 'n':
        fuzzKustomize(*document, argument, KustomizeField::NewName, text);
        break;
    case 'd':
        fuzzKustomize(*document, argument, KustomizeField::Digest, text);
        break;
    default:
        fuzzSetScalar(*document, argument, text);
        break;
    }
    return 0;
}
