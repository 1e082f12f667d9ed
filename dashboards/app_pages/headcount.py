from dashboards.views.headcount import render

render()
