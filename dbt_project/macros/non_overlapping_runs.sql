{#- Runs of one partition (say, an employee's months) neither overlap nor run backwards: fails
    with each run that starts after it ends or on or before the previous run's end. A run
    repeated whole fails too, so this is also the runs' primary key test. -#}
{% test non_overlapping_runs(model, partition_by, start_column, end_column) %}
with ordered as (
    select
        {{ partition_by }},
        {{ start_column }},
        {{ end_column }},
        lag({{ end_column }}) over (
            partition by {{ partition_by }}
            order by {{ start_column }}, {{ end_column }}
        ) as previous_end
    from {{ model }}
)
select *
from ordered
where {{ start_column }} > {{ end_column }}
    or {{ start_column }} <= previous_end
    or {{ start_column }} is null
    or {{ end_column }} is null
{% endtest %}
