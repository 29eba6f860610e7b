-- GET /admin/meta/changes reads the latest changes first.
create index resource_versions_changed_at on resource_versions (changed_at desc);
