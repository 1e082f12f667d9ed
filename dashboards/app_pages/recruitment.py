from dashboards.views.recruitment import render

render()
