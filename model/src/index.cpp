#include "archsim/model/index.h"

namespace archsim::model {

ModelIndex::ModelIndex(const Model &model) : m_model(model)
{
    m_components.reserve(model.components.size());
    for (size_t i = 0; i < model.components.size(); ++i)
        m_components.emplace(model.components[i].id, static_cast<int>(i));
    m_links.reserve(model.links.size());
    for (size_t i = 0; i < model.links.size(); ++i) {
        const Link &l = model.links[i];
        m_links.emplace(l.id, static_cast<int>(i));
        m_out[l.from].push_back(static_cast<int>(i));
        m_in[l.to].push_back(static_cast<int>(i));
    }
    for (size_t i = 0; i < model.schemas.size(); ++i) {
        const Schema &s = model.schemas[i];
        m_schemas.emplace(s.id, static_cast<int>(i));
        for (size_t t = 0; t < s.tables.size(); ++t)
            m_tables.emplace(s.id + '\n' + s.tables[t].name,
                             std::make_pair(static_cast<int>(i), static_cast<int>(t)));
    }
    for (size_t i = 0; i < model.zones.size(); ++i)
        m_zones.emplace(model.zones[i], static_cast<int>(i));
}

int ModelIndex::componentIndex(std::string_view id) const
{
    auto it = m_components.find(id);
    return it == m_components.end() ? -1 : it->second;
}

const Component *ModelIndex::component(std::string_view id) const
{
    int i = componentIndex(id);
    return i < 0 ? nullptr : &m_model.components[static_cast<size_t>(i)];
}

const Link *ModelIndex::link(std::string_view id) const
{
    auto it = m_links.find(id);
    return it == m_links.end() ? nullptr : &m_model.links[static_cast<size_t>(it->second)];
}

const Schema *ModelIndex::schema(std::string_view id) const
{
    auto it = m_schemas.find(id);
    return it == m_schemas.end() ? nullptr : &m_model.schemas[static_cast<size_t>(it->second)];
}

const Table *ModelIndex::table(std::string_view schemaId, std::string_view name) const
{
    std::string key;
    key.reserve(schemaId.size() + name.size() + 1);
    key.append(schemaId).append(1, '\n').append(name);
    auto it = m_tables.find(key);
    if (it == m_tables.end())
        return nullptr;
    // The table's own schema, even when two schemas share an id (validation reports that).
    const Schema &s = m_model.schemas[static_cast<size_t>(it->second.first)];
    return &s.tables[static_cast<size_t>(it->second.second)];
}

const std::vector<int> &ModelIndex::outLinks(std::string_view componentId) const
{
    auto it = m_out.find(componentId);
    return it == m_out.end() ? m_empty : it->second;
}

const std::vector<int> &ModelIndex::inLinks(std::string_view componentId) const
{
    auto it = m_in.find(componentId);
    return it == m_in.end() ? m_empty : it->second;
}

bool ModelIndex::hasZone(std::string_view zone) const { return m_zones.contains(zone); }

} // namespace archsim::model
