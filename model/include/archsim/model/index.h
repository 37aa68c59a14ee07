#pragma once

#include "archsim/model/types.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace archsim::model {

// Hash indexes over a model for O(1) lookups by id. Built once from a model that it must not
// outlive; rebuild it after the model's vectors change.
class ModelIndex {
public:
    explicit ModelIndex(const Model &model);

    // Returns the position of a component in model.components, or -1.
    int componentIndex(std::string_view id) const;
    // Returns the component with this id, or nullptr.
    const Component *component(std::string_view id) const;
    // Returns the link with this id, or nullptr.
    const Link *link(std::string_view id) const;
    // Returns the schema with this id, or nullptr.
    const Schema *schema(std::string_view id) const;
    // Returns the table `name` of schema `schemaId`, or nullptr.
    const Table *table(std::string_view schemaId, std::string_view name) const;
    // Returns the positions (in model.links) of the links leaving / entering a component.
    const std::vector<int> &outLinks(std::string_view componentId) const;
    const std::vector<int> &inLinks(std::string_view componentId) const;
    // Returns true if `zone` is one of the model's zones.
    bool hasZone(std::string_view zone) const;

    const Model &model() const { return m_model; }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    template <typename V>
    using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;

    const Model &m_model;
    Map<int> m_components;
    Map<int> m_links;
    Map<int> m_schemas;
    Map<std::pair<int, int>> m_tables; // key "schema\ntable" -> (schema, table) positions
    Map<std::vector<int>> m_out;
    Map<std::vector<int>> m_in;
    Map<int> m_zones;
    std::vector<int> m_empty;
};

} // namespace archsim::model
