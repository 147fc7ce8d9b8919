{{ config(materialized='view') }}

{#- One row per posting row with text of the input the build reads (model int_inputs_selected):
    where the row is (input, file, row in the file) and its description, as written. The text
    stays in the input (this is a view): extraction and the anchor sample read it from here.
    The shipped sample has no text (its mentions are tagged in bridges), so only the user's
    postings appear here. -#}

with selected_inputs as (

    select input_name from {{ ref('int_inputs_selected') }}

),

user_postings as (

    select
        'user_postings' as input_name,
        input_file,
        input_file_row_number,
        description
    from {{ ref('stg_user__postings') }}

),

final as (

    select
        user_postings.input_name,
        user_postings.input_file,
        user_postings.input_file_row_number,
        user_postings.description
    from user_postings
    inner join selected_inputs
        on user_postings.input_name = selected_inputs.input_name

)

select * from final
