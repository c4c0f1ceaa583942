#pragma once

#include <QByteArray>

#include <optional>
#include <string>
#include <string_view>

namespace fd::core::yamlsyntax {

/*
 * Byte-level YAML syntax for the editor: where a token that yaml-cpp reported (it gives only the
 * start) ends, and how a new value must be written. Offsets index the whole file.
 */

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

bool isBlank(char c); // space or tab
bool isBreakOrEnd(const QByteArray& bytes, qsizetype i);
bool isFlowIndicator(char c);

/** The offset of the line break (\r\n or \n) ending the line of @p pos, or the file size. */
qsizetype lineEnd(const QByteArray& bytes, qsizetype pos);
/** The offset of the first byte of the line of @p pos. */
qsizetype lineStart(const QByteArray& bytes, qsizetype pos);

/** Skips a node's tag and anchor (and the blanks after each), staying on the line. */
qsizetype skipProperties(const QByteArray& bytes, qsizetype pos);
/** Skips blanks, comments and line breaks; stops at the next content byte or the end. */
qsizetype skipSpaceAndComments(const QByteArray& bytes, qsizetype pos);
/** True when only blanks and maybe a comment follow @p pos on its line. */
bool restOfLineIsEmpty(const QByteArray& bytes, qsizetype pos);

ScalarStyle styleAt(const QByteArray& bytes, qsizetype contentBegin);
/** The end of the first line of a plain scalar starting at @p begin (trailing blanks excluded). */
qsizetype plainEnd(const QByteArray& bytes, qsizetype begin, bool inFlow);
/** The offset after the closing quote of the quoted scalar at @p begin; nullopt if unterminated. */
std::optional<qsizetype> quotedEnd(const QByteArray& bytes, qsizetype begin);
/** The offset after the bracket closing the flow collection at @p begin; nullopt if none. */
std::optional<qsizetype> flowCollectionEnd(const QByteArray& bytes, qsizetype begin);
/**
 * The end of the last content line of the block scalar whose header (`|` or `>`) is at
 * @p header, whose parent node is indented by @p parentIndent columns; nullopt when it has an
 * explicit indentation indicator (rare; not worth the rules it brings).
 */
std::optional<qsizetype> blockScalarEnd(const QByteArray& bytes, qsizetype header,
                                        int parentIndent);

/** The value would read as something other than a string if written plain (YAML 1.1 or 1.2). */
bool plainReadsAsNonString(std::string_view value);
/** The value can be written plain without changing the syntax around it. */
bool plainSyntaxAllows(std::string_view value, bool inFlow);
/** Reads as a string: quoted, tagged !!str, or plain and not a number, bool, null, date... */
bool readsAsString(const std::string& tag, std::string_view value);

/**
 * Both are plain decimal integers, or both YAML 1.2 booleans: writing @p value plain in place of
 * @p current keeps the type the file's author chose (`replicaCount: 3`, `enabled: false`).
 * Floats are not included: a tag like 1.10 would lose its zero in every reader.
 */
bool plainKeepsType(std::string_view current, std::string_view value);

/**
 * The text of a scalar holding @p value that keeps @p current style where it can: plain stays
 * plain unless the value would read as another type or break the syntax (then double quotes) —
 * except an integer or boolean replacing one (@p currentPlain, see plainKeepsType()); single
 * quotes stay unless the value needs escapes, double quotes stay double.
 */
QByteArray render(const std::string& value, ScalarStyle current, bool inFlow, bool taggedString,
                  std::string_view currentPlain = {});

} // namespace fd::core::yamlsyntax
