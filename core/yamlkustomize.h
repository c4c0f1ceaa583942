#pragma once

#include "result.h"
#include "yamledit.h"
#include "yamltree.h"

#include <optional>
#include <string>
#include <vector>

namespace fd::core {

class YamlSource;

/** An edit together with the tree it must produce (checked by re-parsing). */
struct YamlEditPlan final {
    std::vector<YamlByteEdit> edits;
    YamlTree expected;
};

/**
 * The `images:` list of a kustomization.yaml (first document): reading one field of the entry
 * named after an image, and planning the smallest edit that sets it, adding the field, the entry
 * or the list in the file's own indentation style when missing.
 */
class KustomizeImages final {
public:
    static Result<KustomizeImages> find(const YamlTree& tree, const YamlSource& source,
                                        const std::string& imageName, const std::string& field);

    /** The field's value; nullopt when the entry or the field is absent or empty. */
    Result<std::optional<std::string>> value() const;
    Result<YamlEditPlan> planSet(const std::string& value) const;

private:
    KustomizeImages(const YamlTree& tree, const YamlSource& source);

    Result<YamlEditPlan> planFieldEdit(const std::string& value) const;
    Result<YamlEditPlan> planFieldInsert(const std::string& value) const;
    Result<YamlEditPlan> planEntryInsert(const std::string& value) const;
    Result<YamlEditPlan> planListInsert(const std::string& value) const;
    Result<YamlEditPlan> planFirstDocument(const std::string& value) const;
    /** Refuses to grow @p container when an alias shares it or led to it. */
    std::optional<Error> checkNotShared(int container) const;
    void appendEntry(YamlTree& expected, int sequence, const std::string& value) const;
    QByteArray entryText(int dashColumn, int keyColumn, const std::string& value) const;
    int sequenceIndent() const;

    const YamlTree* m_tree;
    const YamlSource* m_source;
    std::string m_imageName;
    std::string m_fieldName;
    int m_root = -1;
    int m_imagesKey = -1;
    int m_images = -1;     // resolved
    int m_entry = -1;      // resolved
    int m_fieldValue = -1; // resolved
    /** The first alias crossed on the way to the deepest part found, or -1. */
    int m_alias = -1;
};

} // namespace fd::core
