"""Person.line: the materialized reporting line ("/1/5/23/"), computed for existing people."""

import tandem.people.models
from django.db import migrations

MAX_LENGTH = 1000


def compute_lines(manager_of):
    """{id: line} from {id: manager id}; a copy frozen here so later code changes cannot
    change what this migration does. Cycles and over-long lines start anew at a person."""
    lines = {}

    def hang(below, parent):
        for pk in below:
            line = f"{parent or '/'}{pk}/"
            if len(line) > MAX_LENGTH:
                line = f"/{pk}/"
            lines[pk] = parent = line

    for start in sorted(manager_of):
        path, on_path, node = [], set(), start
        while node in manager_of and node not in lines and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = manager_of[node]
        if node in on_path:
            k = path.index(node)
            lines[node] = f"/{node}/"
            hang(path[:k:-1], lines[node])
            hang(path[k - 1 :: -1] if k else [], lines[node])
        else:
            hang(path[::-1], lines.get(node, "") if node is not None else "")
    return lines


def fill_lines(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    db = schema_editor.connection.alias
    manager_of = dict(Person.objects.using(db).values_list("pk", "manager_id").iterator(10_000))
    changed = sorted(compute_lines(manager_of).items())
    quote = schema_editor.connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(
        quote(Person._meta.db_table), quote("line"), quote(Person._meta.pk.column)
    )
    with schema_editor.connection.cursor() as cursor:
        for i in range(0, len(changed), 1000):
            cursor.executemany(sql, [(line, pk) for pk, line in changed[i : i + 1000]])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="line",
            field=tandem.people.models.ReportingLineField(
                db_index=True, default="", editable=False, max_length=1000
            ),
        ),
        migrations.RunPython(fill_lines, migrations.RunPython.noop),
    ]
