from dashboards.views.retention import render

render()
